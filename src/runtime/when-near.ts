// Runs a callback once, when an element comes within `margin` of the viewport. Widgets start
// (and tfjs loads) only then, so a lesson page ships no tfjs until a reader gets near one.
export function whenNear(element: Element, callback: () => void, margin = '600px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    callback();
    return () => {};
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        callback();
      }
    },
    { rootMargin: margin },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
