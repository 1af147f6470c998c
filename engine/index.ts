/** branchcast engine: pure story model, validation, compilation and analysis. No I/O, no clock. */
export * from './story.ts';
export * from './diagnostic.ts';
export { validateStory, LIMITS, type ValidateOptions } from './validate.ts';
export type { MediaProbe } from './semantic-check.ts';
export { compileStory, compileStoryConfig, MACHINE_ID, type StoryMachine, type StoryMachineConfig } from './compile.ts';
export type { StoryContext, StoryEvent, StoryEventType, NodePhase } from './machine-types.ts';
export { describeSnapshot, type StoryView, type StorySnapshot } from './describe.ts';
export { possibleEvents } from './story-events.ts';
export { analysePaths, type PathAnalysis, type EndingPath, type PathStep } from './paths.ts';
export { exportGraph, type GraphFormat } from './graph-export.ts';
export { evaluateCondition, checkCondition, type VarType, type Vars } from './condition.ts';
export { applyEffects } from './effects.ts';
export { nodeCues, nodeKeyframeTimes, type Cue } from './cues.ts';
export { parseJson, type ParseResult, type SourceLocation } from './parse-json.ts';
export { pointer } from './json-pointer.ts';
