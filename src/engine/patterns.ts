/** The pattern engine lives in ./pattern/; this name is kept for code that imports it from here. */
export * from './pattern/index.js';
