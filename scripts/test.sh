#!/usr/bin/env bash
# The one test command: type check, unit/kernel/solver tests, then browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck
npm run --silent test:unit
npm run --silent test:e2e
