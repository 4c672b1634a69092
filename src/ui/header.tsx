// The dashboard's top two lines: what is replayed under which policy, and how far and how fast.
import { Text } from 'ink';
import type { ReactElement } from 'react';
import type { EngineSnapshot } from '../replay/engine-snapshot.js';
import type { Speed } from './dashboard-model.js';
import { formatRate } from './format-rate.js';

export interface HeaderProps {
  readonly source: string;
  readonly policy: string;
  readonly semantics: string;
  readonly snapshot: EngineSnapshot;
  readonly eventsPerSecond: number;
  readonly speed: Speed;
  readonly paused: boolean;
  readonly incomplete: boolean;
  readonly done: boolean;
}

// Speed as the header shows it: "×4" or "max".
export function speedLabel(speed: Speed): string {
  return speed === 'max' ? 'max' : `×${speed}`;
}

// Trace time in seconds with microseconds, as ftrace prints timestamps; `ts` is in ns.
export function traceSeconds(ts: number): string {
  return `${(ts / 1e9).toFixed(6)} s`;
}

// Source, policy and semantics; then events, rate, lost (red when any), speed, state, trace time:
// the most wanted first, as a narrow terminal cuts the line's end.
export function Header(props: HeaderProps): ReactElement {
  const { snapshot: s } = props;
  const lost = s.lost > 0;
  const progress = `events ${s.events}  ${formatRate(props.eventsPerSecond)}  `;
  return (
    <>
      <Text wrap="truncate">
        <Text bold>faultline</Text>
        {` ${props.source}  policy `}
        <Text bold>{props.policy}</Text>
        {`  semantics ${props.semantics}`}
      </Text>
      <Text wrap="truncate">
        {progress}
        <Text color={lost ? 'red' : undefined} bold={lost}>{`lost ${s.lost}`}</Text>
        {`  speed ${speedLabel(props.speed)}`}
        {props.paused ? <Text color="yellow" bold>{'  PAUSED'}</Text> : undefined}
        {props.done ? <Text color="green">{'  end of input'}</Text> : undefined}
        {props.incomplete ? <Text color="yellow">{'  incomplete input'}</Text> : undefined}
        {`  t ${traceSeconds(s.ts)}`}
      </Text>
    </>
  );
}
