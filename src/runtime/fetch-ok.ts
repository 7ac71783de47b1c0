// fetch for the site's own files, with errors a reader can act on: which file, and whether the
// server said no (404) or the network is gone.
export async function fetchOk(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(`Could not load ${what}: the network request failed (are you offline?)`);
  }
  if (!response.ok)
    throw new Error(`Could not load ${what}: ${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  return response;
}
