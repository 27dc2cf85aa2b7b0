// Asks the server for its greeting (GREETING in the app's Dokku config).
export async function fetchGreeting() {
  const response = await fetch("/api/greeting");
  if (!response.ok) {
    return "The server did not answer.";
  }
  const body = await response.json();
  return body.text;
}
