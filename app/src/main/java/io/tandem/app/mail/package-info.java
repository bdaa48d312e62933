/**
 * Outgoing mail: messages to users (verification and password-reset links) sent through Spring's
 * {@code JavaMailSender} to the SMTP server of {@code SMTP_URL}, off the request thread.
 */
package io.tandem.app.mail;
