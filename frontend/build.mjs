// Builds src/Steward/wwwroot from govuk-frontend: `npm ci && npm run build`.
// Steward is not a GOV.UK service, so it uses a system font stack and no crown or GOV.UK images.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wwwroot = join(here, "..", "src", "Steward", "wwwroot");
mkdirSync(join(wwwroot, "css"), { recursive: true });
mkdirSync(join(wwwroot, "js"), { recursive: true });

const result = compile(join(here, "steward.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(wwwroot, "css", "steward.css"), result.css + "\n");

const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(wwwroot, "js", "govuk-frontend.min.js"));
console.log("built", join(wwwroot, "css", "steward.css"));
