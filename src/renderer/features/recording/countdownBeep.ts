// Runs in the renderer. The short tone of each countdown second, for a speaker who is not looking at
// the screen; without a sound output the countdown is still shown.
export function playCountdownBeep(): void {
  try {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = 880;
    oscillator.connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.15);
    oscillator.onended = () => void context.close();
  } catch (error) {
    // No audio output: the countdown is still shown.
    console.warn('countdown beep failed', error);
  }
}
