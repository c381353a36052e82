import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

// The component (src/) and its tests. Graph paths are made in one place only, the endpoint catalogue
// in src/graph/ (graph/path.ts's graphPath tag encodes every value once): elsewhere a string or
// template literal that looks like a Graph path is refused, and so is importing graph/path itself.
const GRAPH_ROOTS =
  "me|users|groups|subscriptions|messages|mailFolders|childFolders|attachments|events|calendars?|calendarView|" +
  "calendarGroups|contacts|contactFolders|outlook|inferenceClassification|mailboxSettings|sendMail|getMailTips|" +
  "places|\\$batch";
const GRAPH_SEGMENTS =
  "messages|mailFolders|childFolders|attachments|calendarView|mailboxSettings|inferenceClassification|sendMail|" +
  "createUploadSession|getMailTips|permanentDelete|getSchedule|supportedTimeZones|supportedLanguages|outlook|" +
  "events|calendars?|subscriptions|delta|reauthorize";
// esquery regexes cannot hold a "/": \x2F stands for it.
const startsLikeGraphPath = `\\x2F(${GRAPH_ROOTS})(\\x2F|\\?|\\(|$)`;
const holdsGraphSegment = `\\x2F(${GRAPH_SEGMENTS})(\\x2F|\\?|\\(|$)`;
const pathMessage =
  "Graph paths are made only in src/graph/ (the endpoint catalogue, with graphPath`...`): call a catalogue function.";
// Module specifiers ("../graph/messages") and text holding a web address are not Graph paths.
const notModule =
  ":not(ImportDeclaration > Literal):not(ExportNamedDeclaration > Literal):not(ExportAllDeclaration > Literal)" +
  ":not([value=/:\\x2F\\x2F/])";
const graphPathLiterals = [
  {
    selector: `Literal:matches([value=/^${startsLikeGraphPath}/], [value=/${holdsGraphSegment}/])${notModule}`,
    message: pathMessage,
  },
  {
    selector: `TemplateElement:matches([value.raw=/^${startsLikeGraphPath}/], [value.raw=/${holdsGraphSegment}/])`,
    message: pathMessage,
  },
];

const componentBlocks = [
  {
    files: ["src/**/*.ts", "test/component/**/*.ts"],
    rules: {
      // Prettier wraps code at 120 columns but not strings or comments: those are wrapped by hand.
      "max-len": ["error", { code: 120, tabWidth: 2 }],
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/graph/**"],
    rules: {
      "no-restricted-syntax": ["error", ...graphPathLiterals],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/graph/path"],
              message: "Only the catalogue (src/graph/) makes Graph paths; call one of its functions.",
            },
          ],
        },
      ],
    },
  },
  {
    // Inputs declare and check values; they neither reach Graph nor make its clients.
    files: ["src/inputs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/graph/path", "**/graph/client", "**/graph/mailbox", "**/graph/paging", "**/graph/raw"],
              message: "Inputs only declare and check values: Graph calls belong to the catalogue (src/graph/).",
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ["dist/", "build/", "coverage/", "node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  // The sandbox and its tests: short functions and lines (long strings and comments are wrapped by hand,
  // since Prettier leaves them whole).
  {
    files: ["sandbox/**/*.ts", "test/sandbox/**/*.ts"],
    rules: {
      "max-len": ["error", { code: 120, tabWidth: 2 }],
    },
  },
  {
    files: ["sandbox/**/*.ts", "sandbox/**/*.js"],
    rules: {
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  ...componentBlocks,
  // Every line of code in the repository fits in 120 columns, strings, comments and URLs included.
  { files: ["**/*.ts", "**/*.js", "**/*.mjs"], rules: { "max-len": ["error", { code: 120, tabWidth: 2 }] } },
);
