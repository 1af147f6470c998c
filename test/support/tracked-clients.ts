import { RoomClient } from './room-client.ts';

/** Joined room clients that a suite opens as it goes and ends together in afterAll. */
export interface TrackedClients {
  /** Connects with the token, waits for WELCOME, and remembers the client. */
  connect(node: { url: string }, token: string): Promise<RoomClient>;
  terminateAll(): void;
}

export function trackedClients(): TrackedClients {
  const clients: RoomClient[] = [];
  return {
    async connect(node, token) {
      const client = await RoomClient.connect(node.url, { token });
      clients.push(client);
      await client.welcome();
      return client;
    },
    terminateAll() {
      for (const client of clients.splice(0)) client.terminate();
    },
  };
}
