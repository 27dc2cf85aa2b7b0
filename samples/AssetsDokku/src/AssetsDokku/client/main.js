import { fetchGreeting } from "./greeting.js";

// Shows the greeting once the page has loaded.
document.addEventListener("DOMContentLoaded", async () => {
  const target = document.getElementById("greeting");
  target.textContent = await fetchGreeting();
});
