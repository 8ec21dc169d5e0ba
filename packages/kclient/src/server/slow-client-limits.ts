/**
 * Limits against clients that hold sockets open by sending slowly
 * (slowloris): a browser sends its headers in milliseconds, so ten seconds is
 * generous; the server checks every second instead of Node's 30. The whole
 * request keeps Node's default limit (300 s), which large bodies need.
 */
export const SLOW_CLIENT_LIMITS = Object.freeze({
  headersTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
});
