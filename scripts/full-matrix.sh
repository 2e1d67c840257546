#!/usr/bin/env bash
# Runs every case of the large suites in every configuration (CI runs a representative slice of the data suites):
# each data snippet, library-routed attack and output-area escape in SAFE + Exec and SAFE + Subprocess, with and
# without bubblewrap.
set -euo pipefail
cd "$(dirname "$0")/.."
GENAI_FULL_MATRIX=1 dotnet test GenAIExecuter.slnx --filter "FullyQualifiedName~Sandbox.Data|FullyQualifiedName~Sandbox.Files|FullyQualifiedName~AttackSuite|FullyQualifiedName~NativeExtension" "$@"
