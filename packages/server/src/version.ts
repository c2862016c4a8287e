/** The API's version, as the OpenAPI document states it. */
export const SERVER_VERSION = '0.1.0';
