/** Redis plumbing shared by the features that keep state there (live delivery, the token deny-list). */
package io.tandem.app.redis;
