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
      {
        // What spectral's modules require but a component never runs, left out of the bundle (each resolves to an
        // empty module): its testing helpers (jest-mock and its dependencies), and what only code-native
        // integrations use, the YAML writer of their definitions and zod for their configuration schemas. The
        // benchmark's smoke test (test/bench/) loads the bundle and runs actions and a trigger from it, so a spectral
        // release that starts needing one of them at run time fails there.
        test: /[\\/]node_modules[\\/]@prismatic-io[\\/]spectral[\\/]/,
        resolve: { alias: { "./testing": false, yaml: false, zod: false } },
      },
    ],
  },
  plugins: [new CopyPlugin({ patterns: [{ from: "assets/icon.png", to: "icon.png" }] })],
  performance: { hints: false },
};
