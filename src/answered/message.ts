/** The message answered (see src/rules/answered-message.ts: the rules' loader uses it too). */
export { AnsweredMessageText } from '../rules/answered-message.js';
