import type { AddressRef } from '@reev/types';
import type { AddressResolver } from './types';

/** Resolves each distinct reference once per scoring run and names it for reasons. */
export class AddressBook {
  private readonly resolved = new Map<string, Promise<string>>();

  constructor(private readonly resolver: AddressResolver) {}

  resolve(ref: AddressRef): Promise<string> {
    const key = JSON.stringify(ref);
    let address = this.resolved.get(key);
    if (address === undefined) {
      address = this.resolver(ref).catch((error: unknown) => {
        throw new Error(`cannot resolve ${describeRef(ref)}: ${error instanceof Error ? error.message : String(error)}`);
      });
      this.resolved.set(key, address);
    }
    return address;
  }

  key(name: string, mint?: string): Promise<string> {
    return this.resolve(mint === undefined ? { type: 'Key', name } : { type: 'Key', name, mint });
  }
}

/** How a reference reads in a reason: the name, and the address when it differs. */
export function describeRef(ref: AddressRef, address?: string): string {
  const name = ref.type === 'Key' ? ref.name : `ATA(owner ${ref.owner}, mint ${ref.mint})`;
  return address === undefined || address === name ? name : `${name} (${address})`;
}
