export default function HomePage() {
  return <main>Audience</main>;
}
