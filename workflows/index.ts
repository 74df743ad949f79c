export { journeyWorkflow } from './journey';
