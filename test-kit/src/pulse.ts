/**
 * PulseAudio as helios-init starts it in the image (the `pulseaudio` service
 * of @helios/init): a null sink `helios` whose monitor is the desktop's sound,
 * and a virtual microphone (null sink `helios_mic`, remapped as the source
 * `helios_mic_source`), both at 48 kHz. kclient's audio tests run their own
 * PulseAudio with these arguments; init's tests check that its service uses
 * exactly them, so the two cannot drift apart.
 */
export const HELIOS_PULSE_ARGS: readonly string[] = Object.freeze([
  '--daemonize=no',
  '--exit-idle-time=-1',
  '-n',
  '--load=module-native-protocol-unix auth-cookie-enabled=0 auth-anonymous=1',
  '--load=module-null-sink sink_name=helios rate=48000 sink_properties=device.description=Helios',
  '--load=module-null-sink sink_name=helios_mic rate=48000 sink_properties=device.description=Microphone',
  '--load=module-remap-source master=helios_mic.monitor source_name=helios_mic_source',
  '--realtime=no',
  '--high-priority=no',
]);
