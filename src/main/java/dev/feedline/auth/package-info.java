/**
 * Identity: MicroProfile JWT bearer tokens verified per request (header, or the access_token query
 * parameter on streams) against a key set chosen by kid and reloaded from its location, the caller
 * they name, and token minting for the local profile.
 */
package dev.feedline.auth;
