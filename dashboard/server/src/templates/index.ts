export { mineTemplates, tokenize, WILDCARD, type DrainOptions, type MinedMessage, type MinedTemplate } from './drain.ts'
export { maskMessage, MASKS, type Mask } from './masks.ts'
export { ruleFromTemplate, templateId, templateKeywords, templateRegex, type TemplateRuleInput } from './template-rule.ts'
