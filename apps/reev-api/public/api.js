// The page's access to the reev API: the token kept for this tab, JSON requests, API errors.

import { errorText } from './dom.js';

export const API = '/api/v1';
export const TOKEN_KEY = 'reev.apiToken';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function apiToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = apiToken();
  if (method !== 'GET' && token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, `${method} ${API}${path}: the server did not answer (${errorText(error)})`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, `${method} ${API}${path}: the answer is not JSON (HTTP ${response.status})`);
    }
  }
  if (!response.ok) {
    const reason = data && typeof data === 'object' ? data.message ?? data.error : undefined;
    const hint = response.status === 401 ? ' — enter the API token above' : '';
    throw new ApiError(response.status, `${method} ${API}${path}: HTTP ${response.status}${reason ? `: ${reason}` : ''}${hint}`);
  }
  return data;
}

/** One path segment of an API URL (ids are validated by the server; this keeps them from changing the path). */
export const urlPart = (value) => encodeURIComponent(value);
