/** Value-weighted selection: softmax / argmax over soft values, effective sample size, resamplers. */
package org.svdd.core.select;
