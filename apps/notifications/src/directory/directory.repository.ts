import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Role } from '@hamkor/contracts';
import { clusterMatesOfSql, partnersOfSql } from '@hamkor/partnership-view';
import { Organisations } from '../routing/routing.types';
import { DirectoryPerson, Language } from './directory-person.entity';

export interface Recipient {
  id: string;
  organisationId: string;
  language: Language;
  roles: Role[];
}

@Injectable()
export class DirectoryRepository {
  constructor(@InjectRepository(DirectoryPerson, 'notifications') private readonly people: Repository<DirectoryPerson>) {}

  /** The organisation ids a rule names, resolving partner and cluster audiences from the partnership view. */
  async organisations(tx: EntityManager, o: Organisations): Promise<string[]> {
    if (Array.isArray(o)) return [...new Set(o)];
    const rows: Array<{ id: string }> =
      'partnersOf' in o
        ? await tx.query(
            `SELECT u.id FROM (${partnersOfSql('notifications', '$1', '$2::text')}) u
               JOIN notifications.organisation org ON org.id = u.id AND org.type = $3`,
            [o.partnersOf, o.scope, o.type],
          )
        : await tx.query(
            clusterMatesOfSql('notifications', '$1', '$2::text'),
            [o.clusterMatesOf, o.type],
          );
    return rows.map((r) => r.id);
  }

  /** The person a message is for, if still there. */
  findActivePerson(personId: string): Promise<DirectoryPerson | null> {
    return this.people.findOneBy({ id: personId, removed: false });
  }
}
