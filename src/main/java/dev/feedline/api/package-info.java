/**
 * What every REST endpoint shares: the JSON error body of API.md, the exception that carries it,
 * the one table from the domain's refusals to API.md's statuses and codes, the mappers that turn
 * any failure into that body, and bounded JSON body reading.
 */
package dev.feedline.api;
