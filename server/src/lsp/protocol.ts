// Names shared by the client and the server: the one place where they are spelt.
export const EXTENSION_ID = 'k8s-network-lens';
export const SOURCE = 'k8s-network-lens';
export const SETTINGS_SECTION = 'k8sNetworkLens';

export const Commands = {
  restartServer: 'k8sNetworkLens.restartServer',
  /** Client-side: shows a quick pick of DNS names and copies the chosen one. */
  copyDnsName: 'k8sNetworkLens.copyDnsName',
} as const;
