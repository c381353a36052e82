const path = require("path");
const CopyPlugin = require("copy-webpack-plugin");

/**
 * Bundles src/ into dist/index.js (default export: the component) with the icon beside it, for
 * `prism components:publish`.
 */
module.exports = {
  entry: "./src/index.ts",
  target: "node20",
  mode: "production",
  devtool: false,
  optimization: { minimize: false },
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: "index.js",
    library: { type: "commonjs2" },
    clean: true,
  },
  resolve: { extensions: [".ts", ".js", ".json"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: "ts-loader",
        exclude: /node_modules/,
        options: { transpileOnly: true, configFile: "tsconfig.build.json" },
      },
    ],
  },
  plugins: [new CopyPlugin({ patterns: [{ from: "assets/icon.png", to: "icon.png" }] })],
  performance: { hints: false },
  // spectral's index pulls in its testing helpers (jest-mock), whose dynamic require webpack cannot follow;
  // never called at run time.
  ignoreWarnings: [{ module: /jest-util/, message: /Critical dependency/ }],
};
