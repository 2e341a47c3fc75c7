// A long-lived answer (an event stream) that ends when its caller may no longer read it: logged out, session expired,
// token revoked, user deleted or demoted. Checked on a timer that lives exactly as long as the stream.

export const RECHECK_EVERY_MS = 10_000;

/**
 * Passes `inner` through, and closes it (cancelling `inner`) as soon as `stillAllowed` answers false or fails.
 * A browser's EventSource then reconnects, gets 401, and stops.
 */
export function closeWhenNotAllowed(
  inner: ReadableStream<Uint8Array>,
  stillAllowed: () => Promise<boolean>,
  everyMs = RECHECK_EVERY_MS,
): ReadableStream<Uint8Array> {
  const reader = inner.getReader();
  let timer: ReturnType<typeof setInterval> | undefined;
  let finished = false;
  const finish = () => {
    finished = true;
    clearInterval(timer);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        void stillAllowed()
          .catch(() => false)
          .then((allowed) => {
            if (allowed || finished) return;
            finish();
            controller.close();
            void reader.cancel("the caller may no longer read this stream").catch(() => undefined);
          });
      }, everyMs);
    },
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (finished) return;
        if (done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        if (finished) return;
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}
