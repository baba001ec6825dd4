/**
 * The Bus: carries each committed event to every node's Hub. In process for one node; a second
 * implementation over Redis serves many.
 */
package dev.feedline.bus;
