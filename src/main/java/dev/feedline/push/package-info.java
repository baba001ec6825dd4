/**
 * Push to devices that are not connected: Web Push (RFC 8030) with messages encrypted as RFC 8291
 * ({@code aes128gcm}, RFC 8188) and the sender identified by VAPID (RFC 8292).
 */
package dev.feedline.push;
