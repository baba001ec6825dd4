/**
 * Identity: MicroProfile JWT bearer tokens verified per request (header, or the access_token query
 * parameter on streams), the caller they name, and token minting for the local profile.
 */
package dev.feedline.auth;
