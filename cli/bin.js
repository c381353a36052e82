#!/usr/bin/env node
"use strict";
// `npx outlook …`: the runner is TypeScript; tsx compiles it on the fly, so it works right after `npm ci`.
require("tsx/cjs/api").register();
require("./main.ts").start();
