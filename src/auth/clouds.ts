/** Microsoft's national clouds: where Graph and the identity platform live in each (tokens do not cross clouds). */
export interface Cloud {
  label: string;
  graph: string;
  login: string;
}

export const CLOUDS = {
  global: {
    label: "Global (graph.microsoft.com)",
    graph: "https://graph.microsoft.com",
    login: "https://login.microsoftonline.com",
  },
  usGovL4: {
    label: "US Government L4 (graph.microsoft.us)",
    graph: "https://graph.microsoft.us",
    login: "https://login.microsoftonline.us",
  },
  usGovL5: {
    label: "US Government L5 / DoD (dod-graph.microsoft.us)",
    graph: "https://dod-graph.microsoft.us",
    login: "https://login.microsoftonline.us",
  },
  china: {
    label: "China, operated by 21Vianet (microsoftgraph.chinacloudapi.cn)",
    graph: "https://microsoftgraph.chinacloudapi.cn",
    login: "https://login.chinacloudapi.cn",
  },
} satisfies Record<string, Cloud>;

export type CloudKey = keyof typeof CLOUDS;

export const cloudChoices = Object.entries(CLOUDS).map(([value, c]) => ({ label: c.label, value }));
