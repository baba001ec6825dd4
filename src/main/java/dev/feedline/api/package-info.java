/**
 * What every endpoint shares: the JSON error body of API.md, the exception that carries it, the one
 * table from the domain's refusals (and from the server's own statuses) to API.md's statuses and
 * codes, the mappers and the error page that turn any failure into that body, the filter that
 * refuses requests no endpoint can read, strict, bounded JSON body reading, and the CORS policy:
 * which browser origins may read answers from another site.
 */
package dev.feedline.api;
