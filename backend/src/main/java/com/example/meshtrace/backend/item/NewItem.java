package com.example.meshtrace.backend.item;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /items}.
 *
 * @param name the item's name: 1 to 200 characters, no control characters
 */
record NewItem(@NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cc}\\p{Cs}]*",
		message = "must not contain control characters or unpaired surrogates") String name) {
}
