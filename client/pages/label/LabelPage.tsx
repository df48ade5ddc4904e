/** The annotator's screen (built in the text-annotation work). */
export default function LabelPage() {
  return <p>Labeling is not available yet.</p>;
}
