// Shiki stops tokenizing a line after 500 ms by default (tokenizeTimeLimit) and returns the rest
// of the line as one token with a broken grammar state for the lines after it. On a busy build
// machine some lines cross that limit, so two builds of one commit highlighted the same code
// differently (one lesson had `import cv2` coloured as a comment, light and dark themes no longer
// aligned) and every page, hence the service worker's version, changed from build to build.
// This transformer turns the limit off: highlighting then depends on the code only. Astro passes
// no tokenizer options through, but Shiki hands each transformer the options object first.
interface TokenizeOptions {
  tokenizeTimeLimit?: number;
}

export const shikiNoTimeLimit = {
  name: 'course:no-tokenize-time-limit',
  preprocess(code: string, options: TokenizeOptions): string {
    options.tokenizeTimeLimit = 0; // 0 = no limit (vscode-textmate)
    return code;
  },
};
