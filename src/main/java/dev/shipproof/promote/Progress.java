package dev.shipproof.promote;

/** Receives each step of a promotion as it happens (the demo and CLI print them). */
@FunctionalInterface
public interface Progress {
  Progress NONE = (step, detail) -> {};

  void step(String step, String detail);
}
