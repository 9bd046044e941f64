#!/usr/bin/env bash
# Regenerate the checked-in JSON Schema of ArticleRecord from the models.
# After a model change: bump SCHEMA_VERSION in src/reportminer/model.py, then run this.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/.venv/bin/reportminer" schema -o "$here/src/reportminer/schema/article-record.schema.json"
echo "wrote src/reportminer/schema/article-record.schema.json (SCHEMA_VERSION $("$here/.venv/bin/python" -c 'import reportminer; print(reportminer.SCHEMA_VERSION)'))"
