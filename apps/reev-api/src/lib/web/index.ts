export { registerWebPage, findPackageRoot, MERMAID_SCRIPT_URL, type WebPageOptions } from './web-page';
