package dev.winnow.jobs.io;

import java.io.Serializable;

/** A resolved input file with its size and format. */
public record InputFile(String path, long size, InputFormat format) implements Serializable {
}
