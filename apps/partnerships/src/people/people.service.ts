import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { PersonAdded, PersonRemoved, PersonUpdated } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { inTransaction, pgErrorCode, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from '@hamkor/persistence';
import { Person } from './person.entity';
import { PeopleRepository } from './people.repository';
import { AddPersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';

/** Only the event carries the e-mail (notifications sends to it); the name stays in this service. */
const eventOf = (p: Person) => ({ personId: p.id, organisationId: p.organisationId, roles: p.roles, email: p.email, language: p.language });

@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource('partnerships') private readonly ds: DataSource,
    private readonly people: PeopleRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async add(organisationId: string, dto: AddPersonDto): Promise<Person> {
    try {
      return await inTransaction(this.ds, async (tx) => {
        const person = tx.create(Person, {
          id: dto.id ?? randomUUID(),
          organisationId,
          name: dto.name,
          email: dto.email,
          roles: dto.roles,
          language: dto.language ?? 'uz',
        });
        await tx.insert(Person, person);
        await this.outbox.publish(tx, PersonAdded, eventOf(person));
        return tx.findOneByOrFail(Person, { id: person.id });
      });
    } catch (err) {
      const code = pgErrorCode(err);
      if (code === PG_UNIQUE_VIOLATION) throw new ConflictException('a person with this id or e-mail is already listed');
      if (code === PG_FOREIGN_KEY_VIOLATION) throw new NotFoundException('no such organisation');
      throw err;
    }
  }

  async update(organisationId: string, personId: string, dto: UpdatePersonDto): Promise<Person> {
    try {
      return await inTransaction(this.ds, async (tx) => {
        const person = await this.people.findForUpdate(tx, organisationId, personId);
        if (!person) throw new NotFoundException('no such person in this organisation');
        Object.assign(person, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
        await tx.save(person);
        await this.outbox.publish(tx, PersonUpdated, eventOf(person));
        return person;
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new ConflictException('another person of this organisation has this e-mail');
      throw err;
    }
  }

  async remove(organisationId: string, personId: string): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      const person = await this.people.findForUpdate(tx, organisationId, personId);
      if (!person) throw new NotFoundException('no such person in this organisation');
      await tx.delete(Person, { id: personId });
      await this.outbox.publish(tx, PersonRemoved, { personId, organisationId });
    });
  }

  /** An organisation's staff list is its own business (and the operator's). */
  list(caller: Principal, organisationId: string, q: ListPeopleQuery) {
    if (!isPlatformAdmin(caller) && caller.organisationId !== organisationId) throw new ForbiddenException('this belongs to another organisation');
    return this.people.list(organisationId, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }
}
