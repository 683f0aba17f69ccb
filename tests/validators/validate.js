// Validates reports of `threatmodel check` against their schemas, offline:
//
//   node validate.js sarif FILE...           SARIF 2.1.0 (schema from
//                                            @microsoft/jest-sarif, draft-04)
//   node validate.js report-json DOC.md FILE...
//                                            the JSON report, against the JSON
//                                            Schema embedded in
//                                            docs/cli-json-schema.md
//
// Exits 0 when every file is valid, 1 otherwise (printing each error).
'use strict';
const fs = require('fs');
const path = require('path');

function loadJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function check(validate, files) {
  let ok = true;
  for (const file of files) {
    const data = loadJson(file);
    if (!validate(data)) {
      ok = false;
      console.error(`${file}: INVALID`);
      for (const e of validate.errors) {
        console.error(`  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      }
    } else {
      console.log(`${file}: valid`);
    }
  }
  return ok;
}

function sarif(files) {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const schemaPath = path.join(
      path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
      'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  // The schema's 'language' pattern is not valid with the u flag.
  const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
  addFormats(ajv);
  return check(ajv.compile(loadJson(schemaPath)), files);
}

function reportJson(doc, files) {
  // The schema is the first ```json block after the line
  // "<!-- json-schema -->" in the document.
  const text = fs.readFileSync(doc, 'utf8');
  const marker = text.indexOf('<!-- json-schema -->');
  if (marker < 0) throw new Error(`${doc}: no <!-- json-schema --> marker`);
  const start = text.indexOf('```json\n', marker);
  const end = text.indexOf('\n```', start + 8);
  const schema = JSON.parse(text.slice(start + 8, end));
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({allErrors: true, strict: true});
  addFormats(ajv);
  return check(ajv.compile(schema), files);
}

const [mode, ...rest] = process.argv.slice(2);
let ok;
if (mode === 'sarif') {
  ok = sarif(rest);
} else if (mode === 'report-json') {
  ok = reportJson(rest[0], rest.slice(1));
} else {
  console.error('usage: validate.js sarif FILE... | report-json DOC.md FILE...');
  process.exit(2);
}
process.exit(ok ? 0 : 1);
