import Link from 'next/link';
import { LinkPending } from './LinkPending';

/** A labelled group of links, one per choice, the current one marked: a control that works without JavaScript. */
export function Segmented<Value extends string>({
  label,
  options,
  current,
  href,
  note,
}: {
  label: string;
  options: [Value, string][];
  current: Value;
  href: (value: Value) => string;
  note?: string | undefined;
}) {
  return (
    <div className="control">
      <span className="control-label" id={`control-${label}`}>
        {label}
      </span>
      <div role="group" className="segmented" aria-labelledby={`control-${label}`}>
        {options.map(([value, text]) => (
          <Link key={value} href={href(value)} scroll={false} aria-current={value === current ? 'true' : undefined}>
            {text}
            <LinkPending />
          </Link>
        ))}
      </div>
      {note ? (
        <p className="control-note" id={`control-${label}-note`}>
          {note}
        </p>
      ) : null}
    </div>
  );
}
