/** The SPA route of one server. */
export function serverDetailPath(id: string): string {
  return `/servers/${encodeURIComponent(id)}`;
}

/** The SPA route of one server's edit form. */
export function serverEditPath(id: string): string {
  return `${serverDetailPath(id)}/edit`;
}
