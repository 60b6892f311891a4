// The devtools page: adds the "WebXR" panel to Chrome's developer tools for the inspected tab.
declare const chrome: {
  devtools: { panels: { create(title: string, icon: string, page: string, cb?: () => void): void } };
};
chrome.devtools.panels.create('WebXR', '', 'panel.html');
