// @actions/workflow-parser imports its schema (a .json file) without `with { type: "json" }`,
// which Node.js 20 refuses; this loader hook adds the attribute to such imports.
export async function load(url, context, next) {
  if (url.endsWith(".json") && context.importAttributes?.type !== "json")
    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  return next(url, context);
}
