/**
 * The Bus: carries each committed event to every node's Hub, and the publisher that hands this
 * node's events to it. In process for one node; a second implementation over Redis serves many.
 */
package dev.feedline.bus;
